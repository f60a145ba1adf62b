<?php
/**
 * The "WhatsApp number" field on a user's profile: E.164, stored in user meta
 * `authsignal_phone_number`, sent to Authsignal as `phoneNumber` when tracking.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Shows, checks and saves the number.
 */
final class Phone_Field {

	/** User meta key of the number. */
	public const META = 'authsignal_phone_number';

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'show_user_profile', array( self::class, 'render' ) );
		add_action( 'edit_user_profile', array( self::class, 'render' ) );
		add_action( 'user_profile_update_errors', array( self::class, 'check' ), 10, 3 );
		add_action( 'personal_options_update', array( self::class, 'save' ) );
		add_action( 'edit_user_profile_update', array( self::class, 'save' ) );
	}

	/**
	 * The user's number, or ''.
	 *
	 * @param int $user_id User id.
	 */
	public static function get( int $user_id ): string {
		$number = get_user_meta( $user_id, self::META, true );
		return is_string( $number ) ? $number : '';
	}

	/**
	 * Prints the field on the profile page.
	 *
	 * @param \WP_User $user The user being edited.
	 */
	public static function render( $user ): void {
		if ( ! $user instanceof \WP_User || ! current_user_can( 'edit_user', $user->ID ) ) {
			return;
		}
		?>
		<h2><?php esc_html_e( 'WhatsApp verification', 'authsignal-whatsapp-challenge' ); ?></h2>
		<table class="form-table" role="presentation">
			<tr>
				<th><label for="authsignal_phone_number"><?php esc_html_e( 'WhatsApp number', 'authsignal-whatsapp-challenge' ); ?></label></th>
				<td>
					<input type="tel" name="authsignal_phone_number" id="authsignal_phone_number" class="regular-text" autocomplete="tel"
						value="<?php echo esc_attr( self::get( $user->ID ) ); ?>" aria-describedby="authsignal_phone_number_help" />
					<p class="description" id="authsignal_phone_number_help"><?php esc_html_e( 'In international format, starting with + and the country code, e.g. +15551234567. Verification codes are sent to this number over WhatsApp.', 'authsignal-whatsapp-challenge' ); ?></p>
				</td>
			</tr>
		</table>
		<?php
	}

	/**
	 * Refuses a number that is not E.164 (WordPress then saves nothing).
	 *
	 * @param \WP_Error $errors Errors so far.
	 * @param bool      $update Whether an existing user is updated.
	 * @param \stdClass $user   The user data.
	 */
	public static function check( $errors, $update, $user ): void { // phpcs:ignore Generic.CodeAnalysis.UnusedFunctionParameter.FoundAfterLastUsed -- the user_profile_update_errors signature.
		// Nonce and capability: checked by WordPress (user-edit.php / profile.php) before this runs.
		$input = self::posted();
		if ( null !== $input && '' !== $input && null === Validation::phone_number( $input ) ) {
			$errors->add( 'authsignal_phone_number', __( '<strong>Error:</strong> Please enter the WhatsApp number in international format, starting with + and the country code.', 'authsignal-whatsapp-challenge' ), array( 'form-field' => 'authsignal_phone_number' ) );
		}
	}

	/**
	 * Saves the number (or removes it when the field is emptied).
	 *
	 * @param int $user_id The user being saved.
	 */
	public static function save( $user_id ): void {
		$user_id = (int) $user_id;
		if ( ! current_user_can( 'edit_user', $user_id ) ) {
			return;
		}
		check_admin_referer( 'update-user_' . $user_id );
		$input = self::posted();
		if ( null === $input ) {
			return;
		}
		if ( '' === $input ) {
			delete_user_meta( $user_id, self::META );
			return;
		}
		$number = Validation::phone_number( $input );
		if ( null !== $number ) {
			update_user_meta( $user_id, self::META, $number );
		}
	}

	/** The posted field, unslashed and sanitised, or null when absent. */
	private static function posted(): ?string {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- verified by the caller.
		if ( ! isset( $_POST['authsignal_phone_number'] ) || ! is_string( $_POST['authsignal_phone_number'] ) ) {
			return null;
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- verified by the caller.
		return trim( sanitize_text_field( wp_unslash( $_POST['authsignal_phone_number'] ) ) );
	}
}
