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

	/** User meta: the action code the user has just verified (set by the handler, shown once). */
	public const JUST_VERIFIED_META = '_authsignal_whatsapp_just_verified';

	/** What wp_kses() keeps of a translated sentence with a link. */
	private const LINK_ONLY = array( 'a' => array( 'href' => array() ) );

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'init', array( self::class, 'register' ) );
	}

	/** Registers the shortcode and the block. */
	public static function register(): void {
		add_shortcode( self::SHORTCODE, array( self::class, 'shortcode' ) );
		$block = register_block_type( AUTHSIGNAL_WHATSAPP_DIR . '/block', array( 'render_callback' => array( self::class, 'block' ) ) );
		// The editor script's strings, from the plugin's own languages/ folder (block.json's are in the .mo).
		foreach ( $block instanceof \WP_Block_Type ? $block->editor_script_handles : array() as $handle ) {
			wp_set_script_translations( $handle, 'authsignal-whatsapp-challenge', AUTHSIGNAL_WHATSAPP_DIR . '/languages' );
		}
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
		if ( null !== $action && ! self::author_may_use( $action ) ) {
			$action = null;
		}
		if ( null === $action ) {
			return current_user_can( 'edit_posts' )
				? '<p class="authsignal-whatsapp-notice">' . esc_html__( 'WhatsApp verification: the action code in this shortcode is not valid.', 'authsignal-whatsapp-challenge' ) . '</p>'
				: '';
		}
		$here = self::current_url();

		if ( ! is_user_logged_in() ) {
			$message = sprintf(
				/* translators: %s: the address of the sign-in page. */
				__( 'Please <a href="%s">sign in</a> to verify your WhatsApp number.', 'authsignal-whatsapp-challenge' ),
				esc_url( wp_login_url( $here ) )
			);
			return '<p class="authsignal-whatsapp-notice">' . wp_kses( $message, self::LINK_ONLY ) . '</p>';
		}
		if ( ! Settings::is_configured() ) {
			return current_user_can( 'manage_options' )
				? '<p class="authsignal-whatsapp-notice">' . esc_html__( 'WhatsApp verification is not set up yet: add the Authsignal secret key under Settings > Authsignal WhatsApp.', 'authsignal-whatsapp-challenge' ) . '</p>'
				: '';
		}
		if ( '' === Phone_Field::get( get_current_user_id() ) ) {
			$message = sprintf(
				/* translators: %s: the address of the profile page. */
				__( 'Add your WhatsApp number to <a href="%s">your profile</a> to verify it.', 'authsignal-whatsapp-challenge' ),
				esc_url( get_edit_profile_url() . '#authsignal_phone_number' )
			);
			return '<p class="authsignal-whatsapp-notice">' . wp_kses( $message, self::LINK_ONLY ) . '</p>';
		}

		$language = Validation::language_tag( '' !== $options['lang'] ? $options['lang'] : determine_locale() );
		Assets::enqueue( $language );

		$redirect = '' !== $options['redirect'] ? esc_url_raw( $options['redirect'] ) : $here;
		$message  = self::result_message( $action );

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

	/**
	 * Whether the content being shown may ask for this action code. The settings' code always;
	 * another only in content by someone trusted with unfiltered HTML (an editor or
	 * administrator), so that a contributor's draft cannot get tokens for, and fire the
	 * verified hook with, an action code that means something elsewhere (`payoutApproval`).
	 *
	 * @param string $action Action code.
	 */
	private static function author_may_use( string $action ): bool {
		if ( Settings::default_action() === $action ) {
			return true;
		}
		$post    = get_post();
		$trusted = $post instanceof \WP_Post && user_can( (int) $post->post_author, 'unfiltered_html' );
		/**
		 * Filters whether the content being shown may ask for an action code other than the
		 * settings' one.
		 *
		 * @param bool          $allowed Whether the content's author may use unfiltered HTML.
		 * @param string        $action  The action code.
		 * @param \WP_Post|null $post    The content, when there is one.
		 */
		return (bool) apply_filters( 'authsignal_whatsapp_allow_action_code', $trusted, $action, $post instanceof \WP_Post ? $post : null );
	}

	/**
	 * The notice for a person sent back by the handler, or ''. "Verified" only when this user
	 * has just verified this action (not for anyone who adds the query argument).
	 *
	 * @param string $action The form's action code.
	 */
	private static function result_message( string $action ): string {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only picks which fixed message to show.
		$result  = isset( $_GET[ self::RESULT_ARG ] ) ? sanitize_key( wp_unslash( $_GET[ self::RESULT_ARG ] ) ) : '';
		$user_id = get_current_user_id();
		if ( 'verified' === $result && get_user_meta( $user_id, self::JUST_VERIFIED_META, true ) === $action ) {
			delete_user_meta( $user_id, self::JUST_VERIFIED_META );
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
