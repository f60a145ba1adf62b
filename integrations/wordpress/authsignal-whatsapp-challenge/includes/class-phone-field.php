<?php
/**
 * The WhatsApp number on a user's profile. The number is a second factor, so it changes only
 * the way a factor should: a new number is stored (user meta `authsignal_phone_number`) only
 * after a code sent to it is verified; changing or removing a number on file needs the
 * account password (not one set during the current session, see Account_Password) or a code
 * sent to that number, and, under Two Factor, a session that verified a second factor
 * recently (as Two Factor's own options need); a user who may edit users can reset
 * another user's number (recorded by Number_Log). Nothing is stored when WordPress refuses
 * the profile form: the plan made while checking the form is carried out in `profile_update`,
 * which runs only once the form is accepted.
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

	/** User meta: a new number waiting for its code, array{number: string, expires: int, attempt: string}. */
	public const CHANGE_META = '_authsignal_whatsapp_number_change';

	/** User meta: the attempt of the code to the number on file that confirms a change or removal. */
	public const CONFIRM_META = '_authsignal_whatsapp_number_confirm';

	/** The action code of the codes sent from the profile. */
	public const ACTION = 'confirmWhatsAppNumber';

	/** How long a new number waits for its code, in seconds. */
	public const CHANGE_LIFETIME = 15 * MINUTE_IN_SECONDS;

	/**
	 * What the accepted form will do, per user id: array{do: string, number?: string, result?: array}.
	 *
	 * @var array<int, array<string, mixed>>
	 */
	private static array $plans = array();

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'show_user_profile', array( self::class, 'render_section' ) );
		add_action( 'edit_user_profile', array( self::class, 'render_section' ) );
		add_action( 'user_profile_update_errors', array( self::class, 'check' ), 10, 3 );
		add_action( 'user_profile_update_errors', array( self::class, 'forget_plan_when_refused' ), PHP_INT_MAX, 3 );
		add_action( 'profile_update', array( self::class, 'carry_out' ) );
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
	 * The new number waiting for its code, or null.
	 *
	 * @param int $user_id User id.
	 * @return array{number: string, expires: int, attempt: string}|null
	 */
	public static function pending_change( int $user_id ): ?array {
		$change = get_user_meta( $user_id, self::CHANGE_META, true );
		if ( ! is_array( $change ) || ! is_string( $change['number'] ?? null ) || (int) ( $change['expires'] ?? 0 ) <= time() ) {
			return null;
		}
		return array(
			'number'  => $change['number'],
			'expires' => (int) $change['expires'],
			'attempt' => is_string( $change['attempt'] ?? null ) ? $change['attempt'] : '',
		);
	}

	/**
	 * The section on the profile page (the Two Factor provider shows the same controls in its
	 * own row instead, when Two Factor is active).
	 *
	 * @param \WP_User $user The user being edited.
	 */
	public static function render_section( $user ): void {
		if ( ! $user instanceof \WP_User || ! current_user_can( 'edit_user', $user->ID ) || Two_Factor_Bridge::is_active() ) {
			return;
		}
		?>
		<h2 id="authsignal-whatsapp-number"><?php esc_html_e( 'WhatsApp verification', 'authsignal-whatsapp-challenge' ); ?></h2>
		<table class="form-table" role="presentation">
			<tr>
				<th><?php esc_html_e( 'WhatsApp number', 'authsignal-whatsapp-challenge' ); ?></th>
				<td><?php self::render_controls( $user ); ?></td>
			</tr>
		</table>
		<?php
	}

	/**
	 * The number's controls, for the profile's own section or the Two Factor row.
	 *
	 * @param \WP_User $user The user being edited.
	 */
	public static function render_controls( \WP_User $user ): void {
		if ( ! current_user_can( 'edit_user', $user->ID ) ) {
			return;
		}
		$number = self::get( $user->ID );
		if ( get_current_user_id() !== $user->ID ) {
			self::render_for_other_user( $user, $number );
			return;
		}
		$change = self::pending_change( $user->ID );
		if ( null !== $change ) {
			self::render_pending_change( $user, $change );
			return;
		}
		if ( '' !== $number ) {
			?>
			<p id="authsignal-current-number"><?php echo esc_html( self::describe( $user->ID, $number ) ); ?></p>
			<?php
		}
		?>
		<p>
			<label for="authsignal_phone_number"><?php '' === $number ? esc_html_e( 'Your WhatsApp number', 'authsignal-whatsapp-challenge' ) : esc_html_e( 'New WhatsApp number', 'authsignal-whatsapp-challenge' ); ?></label><br />
			<input type="tel" name="authsignal_phone_number" id="authsignal_phone_number" class="regular-text" autocomplete="tel" value="" aria-describedby="authsignal_phone_number_help" />
		</p>
		<p class="description" id="authsignal_phone_number_help"><?php esc_html_e( 'In international format, starting with + and the country code, e.g. +15551234567. When you save, a code is sent to the new number over WhatsApp; the number is used once you enter that code.', 'authsignal-whatsapp-challenge' ); ?></p>
		<?php
		if ( '' === $number ) {
			return;
		}
		?>
		<p><label><input type="checkbox" name="authsignal_remove_number" id="authsignal_remove_number" value="1" /> <?php esc_html_e( 'Remove my WhatsApp number', 'authsignal-whatsapp-challenge' ); ?></label></p>
		<fieldset id="authsignal-confirm-number">
			<legend><?php esc_html_e( 'To change or remove your number, confirm it is you with your password or with a code sent to your current number.', 'authsignal-whatsapp-challenge' ); ?></legend>
			<p>
				<label for="authsignal_current_password"><?php esc_html_e( 'Your password', 'authsignal-whatsapp-challenge' ); ?></label><br />
				<input type="password" name="authsignal_current_password" id="authsignal_current_password" class="regular-text" autocomplete="current-password" value="" />
			</p>
			<?php
			$attempt = WhatsApp_Verification::new_attempt();
			if ( null !== $attempt ) {
				update_user_meta( $user->ID, self::CONFIRM_META, $attempt );
				self::render_element( $user, $attempt, null, false );
			}
			?>
		</fieldset>
		<?php
	}

	/**
	 * The code step of a new number.
	 *
	 * @param \WP_User                                             $user   The user.
	 * @param array{number: string, expires: int, attempt: string} $change The pending change.
	 */
	private static function render_pending_change( \WP_User $user, array $change ): void {
		$attempt = WhatsApp_Verification::new_attempt();
		?>
		<p id="authsignal-pending-number">
			<?php
			/* translators: %s: the new WhatsApp number. */
			echo esc_html( sprintf( __( 'Enter the code sent to %s over WhatsApp to start using this number.', 'authsignal-whatsapp-challenge' ), $change['number'] ) );
			?>
		</p>
		<input type="hidden" name="authsignal_number_step" value="confirm_new" />
		<?php
		if ( null !== $attempt ) {
			$change['attempt'] = $attempt;
			update_user_meta( $user->ID, self::CHANGE_META, $change );
			self::render_element( $user, $attempt, $change['number'], true );
		}
		?>
		<p><label><input type="checkbox" name="authsignal_cancel_number_change" id="authsignal_cancel_number_change" value="1" /> <?php esc_html_e( 'Cancel this change', 'authsignal-whatsapp-challenge' ); ?></label></p>
		<?php
	}

	/**
	 * What an administrator editing someone else sees: the number, and a reset.
	 *
	 * @param \WP_User $user   The user being edited.
	 * @param string   $number Their number, or ''.
	 */
	private static function render_for_other_user( \WP_User $user, string $number ): void {
		?>
		<p id="authsignal-current-number"><?php echo esc_html( '' === $number ? __( 'No WhatsApp number.', 'authsignal-whatsapp-challenge' ) : self::describe( $user->ID, $number ) ); ?></p>
		<?php if ( current_user_can( 'edit_users' ) && ( '' !== $number || null !== self::pending_change( $user->ID ) ) ) : ?>
			<p><label><input type="checkbox" name="authsignal_reset_number" id="authsignal_reset_number" value="1" /> <?php esc_html_e( 'Reset this user\'s WhatsApp number (for example when they lost their phone). They can then add a new one, confirmed with a code. The reset is logged.', 'authsignal-whatsapp-challenge' ); ?></label></p>
			<?php
		endif;
	}

	/**
	 * The number and when it was last verified, as a sentence.
	 *
	 * @param int    $user_id User id.
	 * @param string $number  The number.
	 */
	private static function describe( int $user_id, string $number ): string {
		$verified_at = (int) get_user_meta( $user_id, Verify_Handler::VERIFIED_AT_META, true );
		if ( $verified_at <= 0 ) {
			/* translators: %s: a WhatsApp number. */
			return sprintf( __( 'Current number: %s (not verified yet).', 'authsignal-whatsapp-challenge' ), $number );
		}
		/* translators: 1: a WhatsApp number, 2: a date. */
		return sprintf( __( 'Current number: %1$s, last verified on %2$s.', 'authsignal-whatsapp-challenge' ), $number, wp_date( get_option( 'date_format' ), $verified_at ) );
	}

	/**
	 * The element, with a tracked action for this attempt (or a sentence when Authsignal
	 * cannot be reached).
	 *
	 * @param \WP_User    $user       The user.
	 * @param string      $attempt    Attempt id.
	 * @param string|null $number     The number the code goes to; null: the one on file.
	 * @param bool        $autosubmit Whether a verified code submits the profile form (through
	 *                                its submit button: wp-admin's profile script warns of unsaved
	 *                                changes on any other way out of the page).
	 */
	public static function render_element( \WP_User $user, string $attempt, ?string $number, bool $autosubmit ): void {
		$tracked = Settings::is_configured() ? WhatsApp_Verification::start( $user->ID, self::ACTION, $attempt, $number ) : null;
		if ( ! is_array( $tracked ) ) {
			?>
			<p class="authsignal-whatsapp-notice" id="authsignal-number-unavailable"><?php esc_html_e( 'The WhatsApp verification is unavailable right now. Please try again later.', 'authsignal-whatsapp-challenge' ); ?></p>
			<?php
			return;
		}
		$language = Validation::language_tag( determine_locale() );
		Assets::enqueue( $language );
		?>
		<authsignal-whatsapp-challenge id="authsignal-number-challenge" name="authsignal_token" lang="<?php echo esc_attr( $language ); ?>"
		<?php
		foreach ( Settings::client_api_attributes() as $name => $value ) {
			echo ' ' . esc_attr( $name ) . '="' . esc_attr( $value ) . '"';
		}
		?>
		></authsignal-whatsapp-challenge>
		<script>document.getElementById('authsignal-number-challenge').token = <?php echo wp_json_encode( (string) $tracked['token'] ); ?>;</script>
		<?php if ( $autosubmit ) : ?>
			<script>document.getElementById('authsignal-number-challenge').addEventListener('challenge-verified', function () { var form = this.closest('form'), button = form && ( form.querySelector('#submit') || form.querySelector('[type="submit"]') ); if (button) { button.click(); } else if (form) { form.requestSubmit(); } });</script>
			<?php
		endif;
	}

	/**
	 * Checks the posted number controls and plans what the accepted form will do; adds an
	 * error (WordPress then saves nothing) when they do not add up.
	 *
	 * @param \WP_Error $errors Errors so far.
	 * @param bool      $update Whether an existing user is updated.
	 * @param \stdClass $user   The user data.
	 */
	public static function check( $errors, $update, $user ): void {
		// Nonce and capability: checked by WordPress (user-edit.php / profile.php) before this runs.
		$user_id = (int) ( $user->ID ?? 0 );
		unset( self::$plans[ $user_id ] );
		if ( ! $update || ! $errors instanceof \WP_Error || ! $user_id || ! current_user_can( 'edit_user', $user_id ) ) {
			return;
		}
		if ( get_current_user_id() !== $user_id ) {
			if ( self::posted_flag( 'authsignal_reset_number' ) && current_user_can( 'edit_users' ) && self::two_factor_allows( $errors ) ) {
				self::$plans[ $user_id ] = array( 'do' => 'reset' );
			}
			return;
		}

		$change = self::pending_change( $user_id );
		if ( null !== $change && self::posted_flag( 'authsignal_cancel_number_change' ) ) {
			self::$plans[ $user_id ] = array( 'do' => 'cancel' );
			return;
		}
		if ( null !== $change && 'confirm_new' === self::posted( 'authsignal_number_step' ) ) {
			$token = WhatsApp_Verification::posted_token();
			if ( '' === $token || ! self::two_factor_allows( $errors ) ) {
				return;
			}
			$result = WhatsApp_Verification::check( $token, $user_id, self::ACTION, $change['attempt'] );
			if ( is_wp_error( $result ) ) {
				$errors->add( 'authsignal_phone_number', __( '<strong>Error:</strong> The code for your new WhatsApp number could not be confirmed. Please try again.', 'authsignal-whatsapp-challenge' ) );
				return;
			}
			self::$plans[ $user_id ] = array(
				'do'     => 'store',
				'number' => $change['number'],
				'result' => $result,
			);
			return;
		}

		$input  = (string) self::posted( 'authsignal_phone_number' );
		$remove = self::posted_flag( 'authsignal_remove_number' );
		if ( '' === $input && ! $remove ) {
			return;
		}
		$new = '' === $input ? null : Validation::phone_number( $input );
		if ( '' !== $input && null === $new ) {
			$errors->add( 'authsignal_phone_number', __( '<strong>Error:</strong> Please enter the WhatsApp number in international format, starting with + and the country code.', 'authsignal-whatsapp-challenge' ), array( 'form-field' => 'authsignal_phone_number' ) );
			return;
		}
		$current = self::get( $user_id );
		if ( ( '' === $current && null === $new ) || ( ! $remove && $new === $current ) ) {
			return;
		}
		if ( ! self::two_factor_allows( $errors ) ) {
			return;
		}
		$confirmed = '' === $current ? 'ok' : self::confirmed_by_current_factor( $user_id );
		if ( 'changed' === $confirmed ) {
			$errors->add( 'authsignal_phone_number', __( '<strong>Error:</strong> Your password was changed during this session, so it cannot confirm a change of your WhatsApp number. Enter the code sent to your current number, or sign out and sign in again.', 'authsignal-whatsapp-challenge' ), array( 'form-field' => 'authsignal_current_password' ) );
			return;
		}
		if ( 'ok' !== $confirmed ) {
			$errors->add( 'authsignal_phone_number', __( '<strong>Error:</strong> To change or remove your WhatsApp number, enter your password or the code sent to your current number.', 'authsignal-whatsapp-challenge' ), array( 'form-field' => 'authsignal_current_password' ) );
			return;
		}
		self::$plans[ $user_id ] = $remove ? array( 'do' => 'remove' ) : array(
			'do'     => 'request',
			'number' => (string) $new,
		);
	}

	/**
	 * Under Two Factor, the number is one of its methods: like Two Factor's own options, it
	 * changes only in a session that verified a second factor recently (adds an error if not).
	 *
	 * @param \WP_Error $errors Errors of the form.
	 */
	private static function two_factor_allows( \WP_Error $errors ): bool {
		if ( ! Two_Factor_Bridge::is_active() || ! is_callable( array( 'Two_Factor_Core', 'current_user_can_update_two_factor_options' ) ) ) {
			return true;
		}
		if ( \Two_Factor_Core::current_user_can_update_two_factor_options( 'save' ) ) {
			return true;
		}
		$errors->add( 'authsignal_phone_number', __( '<strong>Error:</strong> To change, add or remove a WhatsApp number, verify with your two-factor method again first (Two Factor asks for this when your last verification was more than a few minutes ago), then try again.', 'authsignal-whatsapp-challenge' ) );
		return false;
	}

	/**
	 * Whether this post proves the current factor: a code sent to the number on file, or the
	 * account password (not one set during this session: see Account_Password).
	 *
	 * @param int $user_id The user, who is the current user.
	 * @return string `ok`, or why not: `changed` (a password set during this session), `none`.
	 */
	private static function confirmed_by_current_factor( int $user_id ): string {
		$password = Account_Password::check( $user_id, Account_Password::posted( 'authsignal_current_password' ) );
		if ( 'ok' === $password ) {
			return 'ok';
		}
		return self::confirmed_by_code( $user_id, self::CONFIRM_META ) ? 'ok' : ( 'changed' === $password ? 'changed' : 'none' );
	}

	/**
	 * Whether this post carries a verified code sent to the number on file, for the attempt kept
	 * in a user meta key (used up when it does).
	 *
	 * @param int    $user_id  The user, who is the current user.
	 * @param string $meta_key The user meta of the attempt the page started.
	 */
	public static function confirmed_by_code( int $user_id, string $meta_key ): bool {
		$token   = WhatsApp_Verification::posted_token();
		$attempt = get_user_meta( $user_id, $meta_key, true );
		if ( '' === $token || ! is_string( $attempt ) || '' === $attempt || '' === self::get( $user_id ) ) {
			return false;
		}
		$result = WhatsApp_Verification::check( $token, $user_id, self::ACTION, $attempt );
		if ( is_wp_error( $result ) ) {
			return false;
		}
		delete_user_meta( $user_id, $meta_key );
		WhatsApp_Verification::record( $user_id, self::ACTION, $result );
		return true;
	}

	/**
	 * Last on the form's errors: a refused form carries out nothing.
	 *
	 * @param \WP_Error $errors Errors of the form.
	 * @param bool      $update Unused.
	 * @param \stdClass $user   The user data.
	 */
	public static function forget_plan_when_refused( $errors, $update, $user ): void {
		if ( ! $errors instanceof \WP_Error || $errors->has_errors() ) {
			unset( self::$plans[ (int) ( $user->ID ?? 0 ) ] );
		}
	}

	/**
	 * The accepted form: carries out the plan.
	 *
	 * @param int $user_id The user just saved.
	 */
	public static function carry_out( $user_id ): void {
		$user_id = (int) $user_id;
		$plan    = self::$plans[ $user_id ] ?? null;
		unset( self::$plans[ $user_id ] );
		if ( null === $plan ) {
			return;
		}
		$old = self::get( $user_id );
		switch ( $plan['do'] ) {
			case 'request':
				update_user_meta(
					$user_id,
					self::CHANGE_META,
					array(
						'number'  => $plan['number'],
						'expires' => time() + self::CHANGE_LIFETIME,
						'attempt' => '',
					)
				);
				return;
			case 'cancel':
				delete_user_meta( $user_id, self::CHANGE_META );
				return;
			case 'store':
				delete_user_meta( $user_id, self::CHANGE_META );
				update_user_meta( $user_id, self::META, $plan['number'] );
				WhatsApp_Verification::record( $user_id, self::ACTION, $plan['result'] );
				Two_Factor_Bridge::number_verified( $user_id );
				break;
			case 'remove':
			case 'reset':
				delete_user_meta( $user_id, self::CHANGE_META );
				delete_user_meta( $user_id, self::META );
				delete_user_meta( $user_id, Verify_Handler::VERIFIED_AT_META );
				if ( 'reset' === $plan['do'] ) {
					Number_Log::add( $user_id, get_current_user_id(), $old );
				}
				break;
			default:
				return;
		}
		/**
		 * Fires when a user's WhatsApp number changed (added, replaced, removed or reset).
		 *
		 * @param int    $user_id The user.
		 * @param string $old     The number before ('' for none).
		 * @param string $new     The number now ('' for none).
		 * @param string $how     `store`, `remove` or `reset`.
		 */
		do_action( 'authsignal_whatsapp_number_changed', $user_id, $old, self::get( $user_id ), $plan['do'] );
	}

	/**
	 * A posted text field, unslashed and sanitised, or null when absent.
	 *
	 * @param string $name Field name.
	 */
	private static function posted( string $name ): ?string {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- verified by WordPress before the profile hooks run.
		if ( ! isset( $_POST[ $name ] ) || ! is_string( $_POST[ $name ] ) ) {
			return null;
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- verified by WordPress before the profile hooks run.
		return trim( sanitize_text_field( wp_unslash( $_POST[ $name ] ) ) );
	}

	/**
	 * Whether a checkbox was posted checked.
	 *
	 * @param string $name Field name.
	 */
	private static function posted_flag( string $name ): bool {
		return '1' === self::posted( $name );
	}
}
