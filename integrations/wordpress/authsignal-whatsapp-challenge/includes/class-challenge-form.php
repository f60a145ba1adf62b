<?php
/**
 * The shortcode `[authsignal_whatsapp_challenge]` and the block `authsignal/whatsapp-challenge`:
 * one renderer. A signed-in user with a number gets a form holding the element, which posts
 * the verified token to admin-post.php (Verify_Handler); everyone else gets a sentence and a link.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Renders the form.
 */
final class Challenge_Form {

	public const SHORTCODE = 'authsignal_whatsapp_challenge';

	/** Query argument the handler adds when it sends the person back. */
	public const RESULT_ARG = 'authsignal_whatsapp';

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'init', array( self::class, 'register' ) );
	}

	/** Registers the shortcode and the block. */
	public static function register(): void {
		add_shortcode( self::SHORTCODE, array( self::class, 'shortcode' ) );
		register_block_type( AUTHSIGNAL_WHATSAPP_DIR . '/block', array( 'render_callback' => array( self::class, 'block' ) ) );
	}

	/**
	 * The shortcode.
	 *
	 * @param array<string, string>|string $atts Shortcode attributes.
	 */
	public static function shortcode( $atts ): string {
		$atts = shortcode_atts(
			array(
				'action'   => '',
				'redirect' => '',
				'lang'     => '',
			),
			is_array( $atts ) ? $atts : array(),
			self::SHORTCODE
		);
		return self::render( $atts );
	}

	/**
	 * The block (same options as the shortcode).
	 *
	 * @param array<string, mixed> $attributes Block attributes.
	 */
	public static function block( $attributes ): string {
		$attributes = is_array( $attributes ) ? $attributes : array();
		$options    = array(
			'action'   => is_string( $attributes['action'] ?? null ) ? $attributes['action'] : '',
			'redirect' => is_string( $attributes['redirect'] ?? null ) ? $attributes['redirect'] : '',
			'lang'     => is_string( $attributes['lang'] ?? null ) ? $attributes['lang'] : '',
		);
		$wrapper    = function_exists( 'get_block_wrapper_attributes' ) ? get_block_wrapper_attributes() : '';
		return '<div ' . $wrapper . '>' . self::render( $options ) . '</div>';
	}

	/**
	 * The nonce action of a form for an action code: the posted action cannot be swapped.
	 *
	 * @param string $action Action code.
	 */
	public static function nonce_action( string $action ): string {
		return 'authsignal_whatsapp_verify:' . $action;
	}

	/**
	 * The HTML for one use of the shortcode or block.
	 *
	 * @param array{action: string, redirect: string, lang: string} $options Options.
	 */
	public static function render( array $options ): string {
		$action = '' === $options['action'] ? Settings::default_action() : Validation::page_action_code( $options['action'] );
		if ( null === $action ) {
			return current_user_can( 'edit_posts' )
				? '<p class="authsignal-whatsapp-notice">' . esc_html__( 'WhatsApp verification: the action code in this shortcode is not valid.', 'authsignal-whatsapp-challenge' ) . '</p>'
				: '';
		}
		$here = self::current_url();

		if ( ! is_user_logged_in() ) {
			return '<p class="authsignal-whatsapp-notice">' . sprintf(
				/* translators: %s: the sign-in link. */
				esc_html__( 'Please %s to verify your WhatsApp number.', 'authsignal-whatsapp-challenge' ),
				'<a href="' . esc_url( wp_login_url( $here ) ) . '">' . esc_html__( 'sign in', 'authsignal-whatsapp-challenge' ) . '</a>'
			) . '</p>';
		}
		if ( ! Settings::is_configured() ) {
			return current_user_can( 'manage_options' )
				? '<p class="authsignal-whatsapp-notice">' . esc_html__( 'WhatsApp verification is not set up yet: add the Authsignal secret key under Settings > Authsignal WhatsApp.', 'authsignal-whatsapp-challenge' ) . '</p>'
				: '';
		}
		if ( '' === Phone_Field::get( get_current_user_id() ) ) {
			return '<p class="authsignal-whatsapp-notice">' . sprintf(
				/* translators: %s: link to the profile page. */
				esc_html__( 'Add your WhatsApp number to %s to verify it.', 'authsignal-whatsapp-challenge' ),
				'<a href="' . esc_url( get_edit_profile_url() . '#authsignal_phone_number' ) . '">' . esc_html__( 'your profile', 'authsignal-whatsapp-challenge' ) . '</a>'
			) . '</p>';
		}

		$language = Validation::language_tag( '' !== $options['lang'] ? $options['lang'] : determine_locale() );
		Assets::enqueue( $language );

		$redirect = '' !== $options['redirect'] ? esc_url_raw( $options['redirect'] ) : $here;
		$message  = self::result_message();

		$element_attributes = array_merge(
			array(
				'name'      => 'authsignal_token',
				'token-url' => Token_Route::url( $action ),
				'lang'      => $language,
			),
			Settings::client_api_attributes()
		);
		$attributes_html    = '';
		foreach ( $element_attributes as $name => $value ) {
			$attributes_html .= ' ' . $name . '="' . esc_attr( $value ) . '"';
		}

		ob_start();
		?>
		<form class="authsignal-whatsapp-form" method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
			<?php echo $message; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts in result_message(). ?>
			<input type="hidden" name="action" value="<?php echo esc_attr( Verify_Handler::ADMIN_POST_ACTION ); ?>" />
			<input type="hidden" name="authsignal_action" value="<?php echo esc_attr( $action ); ?>" />
			<input type="hidden" name="authsignal_redirect" value="<?php echo esc_attr( $redirect ); ?>" />
			<input type="hidden" name="authsignal_back" value="<?php echo esc_attr( $here ); ?>" />
			<?php wp_nonce_field( self::nonce_action( $action ), '_authsignal_nonce', false ); ?>
			<authsignal-whatsapp-challenge<?php echo $attributes_html; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped above. ?> required autosubmit></authsignal-whatsapp-challenge>
			<noscript><p><?php esc_html_e( 'WhatsApp verification needs JavaScript.', 'authsignal-whatsapp-challenge' ); ?></p></noscript>
		</form>
		<?php
		return (string) ob_get_clean();
	}

	/** The notice for a person sent back by the handler, or ''. */
	private static function result_message(): string {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only picks which fixed message to show.
		$result = isset( $_GET[ self::RESULT_ARG ] ) ? sanitize_key( wp_unslash( $_GET[ self::RESULT_ARG ] ) ) : '';
		if ( 'verified' === $result ) {
			return '<p class="authsignal-whatsapp-notice authsignal-whatsapp-verified" role="status">' . esc_html__( 'Your WhatsApp number is verified.', 'authsignal-whatsapp-challenge' ) . '</p>';
		}
		if ( 'failed' === $result ) {
			return '<p class="authsignal-whatsapp-notice authsignal-whatsapp-failed" role="alert">' . esc_html__( 'The WhatsApp verification could not be confirmed. Please try again.', 'authsignal-whatsapp-challenge' ) . '</p>';
		}
		return '';
	}

	/** The URL of the page being shown, without the handler's result argument. */
	private static function current_url(): string {
		$permalink = is_singular() ? get_permalink() : false;
		$url       = is_string( $permalink ) ? $permalink : home_url( add_query_arg( array() ) );
		return remove_query_arg( self::RESULT_ARG, $url );
	}
}
